"""Questions, views and exports over a store: never the NLP."""
