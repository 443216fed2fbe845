# Reads the data file next to it, as a script a user runs from the host.
import json, os, sqlite3, sys

here = os.path.dirname(os.path.abspath(sys.argv[0]))
with open(os.path.join(here, "data.json")) as f:
    data = json.load(f)
db = sqlite3.connect(":memory:")
db.execute("create table p (name text, moons int)")
db.executemany("insert into p values (?, ?)",
               [(p["name"], p["moons"]) for p in data["planets"]])
for name, moons in db.execute("select name, moons from p order by moons desc"):
    print(f"{name:8} {moons:3} {data['unit']}")
print("total", db.execute("select sum(moons) from p").fetchone()[0])
print(json.dumps(sorted(p["name"] for p in data["planets"])))
