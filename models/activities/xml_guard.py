"""Activity files come from anywhere: XML is parsed with defusedxml, which refuses entity
expansion and external references (billion laughs, XXE) before any other parser sees it."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from models.activities.problems import NotAnActivity


def safe_xml(data: bytes, kind: str) -> Element:
    """The root element of ``data``; NotAnActivity for broken or hostile XML."""
    try:
        return fromstring(data)
    except DefusedXmlException as error:
        raise NotAnActivity(f"{kind} file refused: {type(error).__name__} "
                            "(entities or external references)") from None
    except ParseError as error:
        raise NotAnActivity(f"not a well-formed {kind} file ({error})") from None
