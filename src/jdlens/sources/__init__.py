"""Reading input: text files and standard input, and tables of postings."""
