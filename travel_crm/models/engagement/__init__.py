# Engagement rules, the messages they send, and the customer timeline.
from . import travel_engagement_rule
from . import travel_engagement_rule_events
from . import travel_engagement_rule_lunar
from . import travel_engagement_message
from . import res_partner
from . import res_config_settings
from . import travel_interaction
