"""Package data: the actor gazetteer, the weapons lexicon and shared word lists."""
