# Consent, export, anonymisation and retention of personal data.
from . import travel_privacy_log
from . import travel_consent_log

# res_partner first: its create/write (consent log) runs inside loyalty's
from . import res_partner
from . import res_partner_export
from . import res_partner_anonymize
from . import res_partner_retention
from . import travel_blacklist_consent_mixin
from . import mail_blacklist
from . import phone_blacklist
from . import ir_attachment
from . import res_company
from . import res_config_settings
