"""A hand-made athlete open all day every day, and a base week that breaks no hard rule:
the plan tables of the check tests are written around them as a coach would write them.
The athlete has run 120 minutes lately (``current``), so the base week's 120-minute long
run is no spike (H-SESSION-SPIKE)."""

ATHLETE_YAML = """\
id: hand
start: 2027-01-04
targets: {runs: 3, long: 1, strength: 2}
current: {longest_min: 120}
availability: {mon: ["06:00-22:00"], tue: ["06:00-22:00"], wed: ["06:00-22:00"],
               thu: ["06:00-22:00"], fri: ["06:00-22:00"], sat: ["06:00-22:00"],
               sun: ["06:00-22:00"]}
"""
BASE = ["Mon strength 07:00", "Tue easy 07:00", "Wed strength 07:00", "Thu easy 07:00",
        "Sat long 08:00"]
