from . import travel_booking
from . import travel_booking_line
from . import travel_engagement_rule
from . import travel_engagement_message
from . import res_partner_engagement
from . import res_config_settings_engagement
from . import travel_interaction
