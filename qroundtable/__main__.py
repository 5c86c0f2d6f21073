from .cli import main

if __name__ == "__main__":  # not again in a process of long work, which imports this module too
    main()
