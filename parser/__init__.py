"""vanban: structured data from scraped Vietnamese legal and administrative notices.

>>> import vanban
>>> notice = vanban.parse_file("corpus/cv-45-BHXH-CNTT-2016.txt")
>>> notice.number.raw, notice.issued_on.isoformat()
('45/BHXH-CNTT', '2016-01-05')
"""

from .api import parse, parse_file
from .bulk import parse_many
from .corpus import Corpus
from .decode import DecodeError
from .models import (
    Annex,
    Deadline,
    Distribution,
    DocNumber,
    Issuer,
    Notice,
    Reference,
    Signature,
    SigningLink,
    Span,
)

__version__ = "0.2.0"

__all__ = [
    "Annex",
    "Corpus",
    "Deadline",
    "DecodeError",
    "Distribution",
    "DocNumber",
    "Issuer",
    "Notice",
    "Reference",
    "Signature",
    "SigningLink",
    "Span",
    "__version__",
    "parse",
    "parse_file",
    "parse_many",
]
