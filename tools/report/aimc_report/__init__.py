"""aimc report: plots and one HTML page from aimc stats JSON files (docs/reports.md).

data.py turns stats into the numbers a plot shows (tested on their own), plots.py draws them
with matplotlib, page.py writes the HTML page, __main__.py is the command line.
"""
