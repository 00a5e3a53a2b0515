"""cssl cert-time STRING against Python 3.13's ssl.cert_time_to_seconds(STRING).

Same integer, or the same exception class and message.  cssl reports
ValueError for every failure; Python raises plain ValueError for all of
these too.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

CASES = [
    # well-formed, as OpenSSL prints notBefore / notAfter
    "Jan  5 09:34:43 2018 GMT",
    "Jan 5 09:34:43 2018 GMT",
    "May  9 00:00:00 2007 GMT",
    *[f"{m} 15 12:30:45 2021 GMT" for m in MONTHS],
    # title-casing of the first three characters
    "jan 5 09:34:43 2018 GMT",
    "JAN 5 09:34:43 2018 GMT",
    "jAn 5 09:34:43 2018 GMT",
    "dEC 31 23:59:59 1999 GMT",
    "\u017fep 1 00:00:00 2020 GMT",  # long s titlecases to 'S'
    "Jun\u0301 1 00:00:00 2020 GMT",  # combining accent: rest starts with it
    "J\u0430n 1 00:00:00 2020 GMT",  # Cyrillic a
    # days: single digit, zero padded, space padded, bounds
    "Mar 1 00:00:00 2020 GMT",
    "Mar 01 00:00:00 2020 GMT",
    "Mar  1 00:00:00 2020 GMT",
    "Mar 31 00:00:00 2020 GMT",
    "Mar 0 00:00:00 2020 GMT",
    "Mar 00 00:00:00 2020 GMT",
    "Mar 32 00:00:00 2020 GMT",
    "Mar 010 00:00:00 2020 GMT",
    # hours, minutes, seconds
    "Mar 1 9:5:7 2020 GMT",
    "Mar 1 23:59:59 2020 GMT",
    "Mar 1 24:00:00 2020 GMT",
    "Mar 1 00:60:00 2020 GMT",
    "Mar 1 23:59:60 2020 GMT",
    "Mar 1 23:59:61 2020 GMT",
    "Mar 1 23:59:62 2020 GMT",
    "Dec 31 23:59:61 9999 GMT",
    "Mar 1 123:00:00 2020 GMT",
    # day overflow rolls over as calendar.timegm() does
    "Feb 29 00:00:00 2020 GMT",
    "Feb 29 00:00:00 2019 GMT",
    "Feb 29 00:00:00 1900 GMT",
    "Feb 29 00:00:00 2000 GMT",
    "Feb 30 00:00:00 2021 GMT",
    "Feb 31 12:00:00 2021 GMT",
    "Apr 31 00:00:00 2021 GMT",
    "Dec 31 23:59:59 1969 GMT",
    # years
    "Jan 1 00:00:00 1970 GMT",
    "Jan 19 03:14:07 2038 GMT",
    "Jan 19 03:14:08 2038 GMT",
    "Dec 31 23:59:59 9999 GMT",
    "Jan 1 00:00:00 0000 GMT",
    "Jan 1 00:00:00 0001 GMT",
    "Jan 1 00:00:00 0099 GMT",
    "Jan 1 00:00:00 218 GMT",
    "Jan 1 00:00:00 10000 GMT",
    # the zone
    "Jan 5 09:34:43 2018 gmt",
    "Jan 5 09:34:43 2018 GmT",
    "Jan 5 09:34:43 2018 UTC",
    "Jan 5 09:34:43 2018 EST",
    "Jan 5 09:34:43 2018 +0000",
    "Jan 5 09:34:43 2018 Z",
    "Jan 5 09:34:43 2018",
    # whitespace
    "Jan   5  09:34:43   2018    GMT",
    "Jan\t5\t09:34:43\t2018\tGMT",
    "Jan\n5\r\n09:34:43\x0b2018\x0cGMT",
    "Jan 5 09:34:432018 GMT",
    "Jan5 09:34:43 2018 GMT",
    "Jan 5 09:34:43 2018GMT",
    "Jan 5 09 :34:43 2018 GMT",
    " Jan 5 09:34:43 2018 GMT",
    "Jan 5 09:34:43 2018 GMT ",
    "Jan 5 09:34:43 2018 GMT\n",
    "Jan\u00a05\u200309:34:43\u30002018\u2028GMT",
    "Jan\x855 09:34:43 2018 GMT",
    "Jan\x1c5 09:34:43 2018\x1fGMT",
    "Jan\u200b5 09:34:43 2018 GMT",  # zero width space is not whitespace
    # trailing garbage
    "Jan 5 09:34:43 2018 GMTx",
    "Jan 5 09:34:43 2018 GMT GMT",
    "Jan 5 09:34:43 2018 GMT\u00e9",
    # non-ASCII digits (\d is Unicode's Nd)
    "Jan \u0665 \u0660\u0669:\u0663\u0664:\u0664\u0663 \u0662\u0660\u0661\u0668 GMT",
    "Jan \uff11\uff12 09:34:43 \uff12\uff10\uff11\uff18 GMT",
    "Jan 1\u0967 09:34:43 2018 GMT",
    "Jan 5 09:34:43 \U0001d7d0\U0001d7ce\U0001d7cf\U0001d7d6 GMT",
    "Jan \u00b2 09:34:43 2018 GMT",  # superscript two is not Nd
    "Jan \u2167 09:34:43 2018 GMT",  # roman numeral is not Nd
    "Jan 3\u0661 09:34:43 2018 GMT",
    # empty and short
    "",
    "J",
    "Ja",
    "Jan",
    "Jan ",
    "Jan 5",
    "Jan 5 09:34:43",
    "Foo 5 09:34:43 2018 GMT",
    "January 5 09:34:43 2018 GMT",
    "5 Jan 09:34:43 2018 GMT",
    # quoting in the messages (repr)
    "Jan 5 09:34:43 2018 GMT'",
    "Jan 5 09:34:43 2018 GMT\"",
    "Jan 5 09:34:43 2018 'GMT\"",
    "It's 5 09:34:43 2018 GMT",
    "Jan 5 it's \"late\"",
    "Jan \\5 09:34:43 2018 GMT",
    "Jan\x01 5",
    "Jan 5 \x7f09:34:43 2018 GMT",
    "Jan 5 \u00e9t\u00e9 2018 GMT",
    "\u00e9t\u00e9 5 09:34:43 2018 GMT",
    "Jan \U0001f600 09:34:43 2018 GMT",
    "Jan \u200e5 09:34:43 2018 GMT",
    "Jan 5 09:34:43 2018 GMT" + "x" * 300,
]

ORACLE = r"""
import json, ssl, sys
out = []
for s in json.loads(sys.stdin.read()):
    try:
        out.append(["ok", ssl.cert_time_to_seconds(s)])
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
"""


def run_cssl(s):
    rc, out, err = harness.cli("cert-time", "--", s, binary=True)
    if rc == 0:
        return ["ok", int(out.decode())]
    text = err.decode("utf-8", "surrogateescape")
    name, _, msg = text[:-1].partition(": ") if text.endswith("\n") else text.partition(": ")
    return [name, msg]


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle for cert_time_to_seconds) not found")
    want = harness.oracle(ORACLE, stdin=json.dumps(CASES))
    tally = harness.Tally("cert_time")
    for s, expected in zip(CASES, want):
        tally.check(repr(s), run_cssl(s), expected)
    tally.finish()


if __name__ == "__main__":
    main()
