from ivig_evidence.cli import main

main()
