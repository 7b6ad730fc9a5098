"""A third held-out set for case files (#13), written blind in session 21: seven agencies of kinds no other set
uses, in an invented city and county, rendered and scanned by its own code. Never tuned on."""
