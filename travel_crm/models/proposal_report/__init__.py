# Proposal reporting: proposals sent, accepted and declined per agent and
# month, the conversion rate and the time to acceptance.
from . import travel_proposal_report
