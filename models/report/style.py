"""The HTML report's stylesheet, inlined into every report (no network, no CDN).

Session colours are shared by the calendar chips and the legend. Print rules: A4
landscape, one athlete per page, colours kept (print-color-adjust), navigation hidden,
table rows and charts never split across pages.
"""

SESSION_COLOURS: dict[str, tuple[str, str]] = {  # type -> (background, text)
    "easy": ("#d8eed8", "#1f4d1f"),
    "jog": ("#ecf7ec", "#2f5e2f"),
    "long": ("#fde3c3", "#6b3a00"),
    "tempo": ("#fcd0b4", "#6b2500"),
    "hill": ("#f7b9b0", "#6b0f05"),
    "sprint": ("#efb3d3", "#5e0b3a"),
    "strength": ("#c9dcf5", "#12355e"),
    "hike": ("#c8ece6", "#0d4a40"),
}
OTHER_COLOUR = ("#e2e8f0", "#2d3748")


def session_css() -> str:
    rules = []
    for name, (background, text) in SESSION_COLOURS.items():
        rules.append(f".s-{name}{{background:{background};color:{text}}}")
    return "\n".join(rules)


CSS = """
:root{--ink:#1a202c;--muted:#4a5568;--line:#d9dde3;--bad:#b42318;--good:#1e7b45;
--bg:#f7f8fa}
*{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;
color:var(--ink);margin:0;background:var(--bg);font-size:14px;line-height:1.4}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:0 0 4px}
h3{font-size:15px;margin:18px 0 6px;color:var(--muted);text-transform:uppercase;
letter-spacing:.04em}
.meta{color:var(--muted);margin:0 0 12px}
section.athlete,section.overview{background:#fff;border:1px solid var(--line);
border-radius:8px;padding:20px;margin:0 0 24px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#edf0f4;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.grid td{width:13%;height:64px}
table.grid td.week,table.grid th.week{width:9%;white-space:nowrap;color:var(--muted)}
table.grid td.load{width:7%}
.day{font-size:11px;color:var(--muted)}
.s{display:block;border-radius:4px;padding:2px 4px;margin:2px 0;font-size:12px;
line-height:1.25}
.s small{opacity:.85}
.s.hard{font-weight:700;box-shadow:inset 3px 0 0 rgba(0,0,0,.45)}
.rest{color:#a0aec0;font-size:12px;font-style:italic}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 0;padding:0;list-style:none}
.legend li{font-size:12px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;
font-weight:600}
.ok{background:#dcf5e6;color:var(--good)}.bad{background:#fde2e0;color:var(--bad)}
.warn{background:#fff3cd;color:#7a5200}
.bar{background:#f0b429;height:10px;border-radius:2px;min-width:1px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.chart{display:block;max-width:100%;height:auto}
.figures{display:flex;flex-wrap:wrap;gap:18px;margin:6px 0 8px}
.figures div{min-width:110px}.figures b{display:block;font-size:18px}
.figures span{color:var(--muted);font-size:12px}
nav.toc{font-size:13px;margin:0 0 16px}
a{color:#1d4ed8}
footer{color:var(--muted);font-size:12px;text-align:center;margin:12px 0 24px}
@media (max-width:800px){.cols{grid-template-columns:1fr}}
@page{size:A4 landscape;margin:10mm}
@media print{
 body{background:#fff;font-size:10.5px}
 main{max-width:none;padding:0}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 section.athlete,section.overview{border:none;border-radius:0;padding:0;margin:0}
 section.athlete{break-before:page}
 nav.toc,.screen-only{display:none}
 tr,.chart,.figures,table.grid td{break-inside:avoid}
 table.grid td{height:auto}
 a{color:inherit;text-decoration:none}
 h3{margin-top:10px;break-after:avoid}
}
"""
