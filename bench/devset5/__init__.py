"""devset5: a fifth case-file set (#13), written blind as a development set: agencies, layouts and wording of its own."""
