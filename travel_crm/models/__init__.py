from . import travel_booking
from . import travel_booking_line
from . import res_company_booking
from . import res_config_settings_booking
from . import account_move
from . import account_move_line
from . import travel_booking_invoicing
from . import res_partner_supplier
