"""The graph model that schema/graph.toml defines: extraction records in, fragments and rows out."""
