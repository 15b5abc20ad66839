from . import report_travel_privacy_export
