"""Analysis package of the Kursk report; see the README for its layers."""
