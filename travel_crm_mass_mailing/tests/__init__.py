from . import test_segment_mailing_list
from . import test_translations
