# Customer value: scores, the segmentation engine, history, recommendations, reports.
from . import res_company
from . import res_config_settings
from . import res_partner
from . import segmentation
from . import scoring
from . import explanation
from . import recommendation_engine
from . import travel_segment_history
from . import travel_recommendation
from . import travel_customer_report
from . import travel_cohort_report
