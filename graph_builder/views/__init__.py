"""Views of the graph: the interactive pyvis page (:mod:`.network`) and the HTML report (:mod:`.report`)."""
