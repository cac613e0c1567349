# Django's Vietnamese formats give a thousand separator but no grouping, so 1250000
# would print unseparated; Vietnamese writes 1.250.000.
NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
