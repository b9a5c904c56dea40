# my lexicon
complaint skandal*
question jak
negator nie
praise sztos
