# The loyalty programme: tiers, the points ledger and its FIFO lots, rewards.
from . import res_company
from . import res_config_settings
from . import travel_loyalty_tier
from . import travel_loyalty_transaction
from . import travel_loyalty_allocation
from . import travel_loyalty_redemption
from . import travel_loyalty_maintenance
from . import travel_loyalty_consumption
from . import travel_loyalty_reward
from . import travel_loyalty_tier_history
from . import res_partner
from . import travel_booking
from . import account_move
from . import base_partner_merge_automatic_wizard
from . import travel_loyalty_liability_report
