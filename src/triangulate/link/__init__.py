"""Link: copies and relays between documents (provenance), and reports into incidents."""
