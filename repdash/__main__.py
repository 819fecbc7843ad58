from repdash.cli import main

main()
