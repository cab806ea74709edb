"""Contacts as the CSV files Google Contacts and Outlook import: their own column headers, cells no spreadsheet runs.

Pure: no project imports. Headers are those of each product's own export and import template
(see README, "Taking contacts elsewhere").
"""

from __future__ import annotations

import csv
import io

from .vcard import Card, given_and_family

#: Google Contacts' CSV columns (its "Google CSV" export), the ones a card fills.
GOOGLE_HEADERS = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "Organization Name",
    "Organization Title",
    "Notes",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Website 1 - Label",
    "Website 1 - Value",
    "Website 2 - Label",
    "Website 2 - Value",
)
#: Outlook's CSV columns (its "Comma Separated Values" export and import template), the ones a card fills.
OUTLOOK_HEADERS = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Title",
    "Suffix",
    "Nickname",
    "E-mail Address",
    "Mobile Phone",
    "Company",
    "Job Title",
    "Web Page",
    "Personal Web Page",
    "Notes",
    "Categories",
)
#: Outlook reads a CSV without a byte order mark in the Windows code page and garbles accented names.
FORMATS = {"google": (GOOGLE_HEADERS, ""), "outlook": (OUTLOOK_HEADERS, "\ufeff")}
#: A cell starting with one of these is a formula to Excel, Sheets and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell value no spreadsheet evaluates: a leading formula character is preceded by an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _google_row(card: Card) -> dict[str, str]:
    """One card in Google's columns; labels are joined by " ::: " as Google writes them."""
    given, family = given_and_family(card.name)
    return {
        "First Name": given,
        "Last Name": family,
        "Name Suffix": card.credentials,
        "Organization Name": card.institution,
        "Organization Title": card.title,
        "Notes": card.note,
        "Labels": " ::: ".join(card.categories),
        "E-mail 1 - Label": "* Work" if card.email else "",
        "E-mail 1 - Value": card.email,
        "Phone 1 - Label": "Mobile" if card.phone else "",
        "Phone 1 - Value": card.phone,
        "Website 1 - Label": "LinkedIn" if card.linkedin_url else "",
        "Website 1 - Value": card.linkedin_url,
        "Website 2 - Label": "Website" if card.url else "",
        "Website 2 - Value": card.url,
    }


def _outlook_row(card: Card) -> dict[str, str]:
    """One card in Outlook's columns; categories are separated by ";" as Outlook writes them."""
    given, family = given_and_family(card.name)
    return {
        "First Name": given,
        "Last Name": family,
        "Suffix": card.credentials,
        "E-mail Address": card.email,
        "Mobile Phone": card.phone,
        "Company": card.institution,
        "Job Title": card.title,
        "Web Page": card.linkedin_url,
        "Personal Web Page": card.url,
        "Notes": card.note,
        "Categories": ";".join(card.categories),
    }


ROWS = {"google": _google_row, "outlook": _outlook_row}


def write_csv(cards, fmt: str) -> str:
    """The cards as one CSV file for Google ("google") or Outlook ("outlook"), CRLF line ends."""
    headers, bom = FORMATS[fmt]
    out = io.StringIO()
    out.write(bom)
    writer = csv.DictWriter(out, fieldnames=headers, restval="", lineterminator="\r\n")
    writer.writeheader()
    for card in cards:
        writer.writerow({key: neutralise(value) for key, value in ROWS[fmt](card).items()})
    return out.getvalue()
