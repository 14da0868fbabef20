"""The Lark grammars of vanban, shipped as package data (``parser.grammar_files``)."""
