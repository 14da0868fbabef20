"""vanban: structured data from scraped Vietnamese legal and administrative notices.

>>> from parser import parse
>>> notice = parse(open("corpus/cv-45-BHXH-CNTT-2016.txt", encoding="utf-8").read())
>>> notice.number.raw, notice.issued_on.isoformat()
('45/BHXH-CNTT', '2016-01-05')
"""

from .api import parse, parse_file
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
)

__all__ = [
    "Annex",
    "Deadline",
    "DecodeError",
    "Distribution",
    "DocNumber",
    "Issuer",
    "Notice",
    "Reference",
    "Signature",
    "SigningLink",
    "parse",
    "parse_file",
]
__version__ = "0.1.0"
