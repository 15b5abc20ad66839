# Consent, export, anonymisation and retention of personal data.
from . import travel_privacy_log
from . import travel_consent_log
from . import res_partner
from . import travel_blacklist_consent_mixin
from . import mail_blacklist
from . import phone_blacklist
from . import ir_attachment
from . import res_company
from . import res_config_settings
