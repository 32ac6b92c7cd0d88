#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Data of the create_jobs benchmarks (bench/create_jobs.sh), standard library only.

  create_jobs_data.py odata --tiles T --dates D --insert-jobs K OUT_DIR
      OUT_DIR/answer.json       one CDSE OData answer of T x D Sentinel-2 L1C products, in
                                publication order ($orderby=PublicationDate asc)
      OUT_DIR/jobs.tsv          the hrsi.jobs rows hrsi-create-jobs writes for them (COPY text)
      OUT_DIR/fsc_rlie_jobs.tsv the hrsi.fsc_rlie_jobs rows, as they are once configured
      OUT_DIR/insert.sql        the first K jobs as single INSERT statements (parent, child,
                                first status), the reference's way
      OUT_DIR/expected          "jobs ready configured": what hrsi-create-jobs must create
  create_jobs_data.py list --count N OUT_FILE
      N test product names (Sentinel-2 L1C), one per line

The same seed always gives the same data. Products: T distinct tiles of the EEA39 area
(data/eea39/tiles_utm.yml, at most 1,054), each seen on D dates 5 days apart
from 2024-01-01 (the tile's phase 0-4 days), sensed at about 10:30 local solar time, published
1.5 to 6 hours later (2% of them 26 to 60 hours later: priority delayed); the discriminator
date is 12:34:56 on the sensing day. A tile's products are
published in sensing order, so a tile's first product is configured ready (MAJA init mode) and
every later one waits for it (configured) whatever the batch size.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
import uuid

SEED = 20240101
START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"          # A-Z without I and O
ROWS = "ABCDEFGHJKLMNPQRSTUV"                 # A-V without I and O
BANDS = "CDEFGHJKLMNPQRSTUVWX"                # latitude bands C-X without I and O
SIP_BUCKET = "hrsi-sip-data"                  # system_parameters.sip_data_bucket default


def tiles(count, rng):
    """`count` distinct tiles of the EEA39 area (data/eea39/tiles_utm.yml): creation refuses
    tiles outside a type's area of interest."""
    utm = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "eea39",
                       "tiles_utm.yml")
    with open(utm) as f:
        eea39 = sorted(line[:5] for line in f if len(line) == 7 and line[5] == ":")
    if count > len(eea39):
        sys.exit("create_jobs_data.py: at most %d tiles (the EEA39 area)" % len(eea39))
    return rng.sample(eea39, count)


def compact(t):
    return t.strftime("%Y%m%dT%H%M%S")


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def pg_time(t):
    """A timestamptz as PostgreSQL's text output in UTC would show it."""
    text = t.strftime("%Y-%m-%d %H:%M:%S")
    if t.microsecond:
        text += (".%06d" % t.microsecond).rstrip("0")
    return text + "+00"


def footprint(tile):
    """A rough footprint of the tile: its UTM zone and latitude band, moved by its letters."""
    zone = int(tile[:2])
    lon = -180 + 6 * (zone - 1) + (LETTERS.index(tile[3]) % 8) * 0.7
    lat = -80 + 8 * BANDS.index(tile[2]) + (ROWS.index(tile[4]) % 8) * 0.9
    lon2, lat2 = round(lon + 1.3, 6), round(lat + 0.9, 6)
    lon, lat = round(lon, 6), round(lat, 6)
    ring = [[lon, lat], [lon2, lat], [lon2, lat2], [lon, lat2], [lon, lat]]
    wkt = "geography'SRID=4326;POLYGON ((%s))'" % ", ".join("%s %s" % (x, y) for x, y in ring)
    return wkt, {"type": "Polygon", "coordinates": [ring]}


def products(n_tiles, n_dates, rng):
    """Every product as a dict of what the answer and the rows need, in publication order."""
    out = []
    for index, tile in enumerate(tiles(n_tiles, rng)):
        zone = int(tile[:2])
        # 10:30 local solar time at the zone's central meridian, in UTC.
        utc_hours = (10.5 - (-183 + 6 * zone) / 15.0) % 24
        wkt, geo = footprint(tile)
        phase = index % 5
        for d in range(n_dates):
            day = START + dt.timedelta(days=phase + 5 * d)
            sensing = day + dt.timedelta(hours=utc_hours,
                                         seconds=rng.randint(-600, 600),
                                         microseconds=rng.randint(0, 999) * 1000)
            sensing = sensing.replace(microsecond=(sensing.microsecond // 1000) * 1000)
            # The discriminator (ESA creation date): 12:34:56 on the sensing day, a fixed time
            # so that names are easy to read (west of about 30 W it is before the sensing;
            # hrsi only compares it between products of one tile).
            creation = sensing.replace(hour=12, minute=34, second=56, microsecond=0)
            late = rng.random() < 0.02
            published = sensing + dt.timedelta(
                seconds=rng.randint(26 * 3600, 60 * 3600) if late else rng.randint(5400, 6 * 3600),
                microseconds=rng.randint(0, 999) * 1000)
            name = "S2A_MSIL1C_%s_N0510_R108_T%s_%s" % (compact(sensing), tile, compact(creation))
            out.append({"tile": tile, "sensing": sensing, "creation": creation,
                        "published": published, "name": name, "wkt": wkt, "geo": geo,
                        "first": d == 0})
    # Distinct publication times (ms), so that the order is the same everywhere.
    out.sort(key=lambda p: p["published"])
    for a, b in zip(out, out[1:]):
        if b["published"] <= a["published"]:
            b["published"] = a["published"] + dt.timedelta(milliseconds=1)
    return out


def odata_entry(p, rng):
    safe = p["name"] + ".SAFE"
    s = p["sensing"]
    published = iso_ms(p["published"])
    origin = iso_ms(p["published"] - dt.timedelta(minutes=rng.randint(5, 40)))
    return {
        "@odata.mediaContentType": "application/octet-stream",
        "Id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "Name": safe,
        "ContentType": "application/octet-stream",
        "ContentLength": rng.randint(250_000_000, 850_000_000),
        "OriginDate": origin,
        "PublicationDate": published,
        "ModificationDate": published,
        "Online": True,
        "EvictionDate": "",
        "S3Path": "/eodata/Sentinel-2/MSI/L1C/%04d/%02d/%02d/%s" % (s.year, s.month, s.day, safe),
        "Checksum": [
            {"Value": hashlib.md5(safe.encode()).hexdigest(), "Algorithm": "MD5",
             "ChecksumDate": published},
            {"Value": "%064x" % rng.getrandbits(256), "Algorithm": "BLAKE3",
             "ChecksumDate": published},
        ],
        "ContentDate": {"Start": iso_ms(s), "End": iso_ms(s)},
        "Footprint": p["wkt"],
        "GeoFootprint": p["geo"],
    }


def tsv(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def sql(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


JOB_COLUMNS = ["id", "job_type", "name", "product_id", "tile_id", "input_path",
               "input_published_at", "priority"]
CHILD_COLUMNS = ["job_id", "tile_id", "nrt", "l1c_id", "l1c_reference_job", "l1c_path",
                 "l2a_path_out", "l2a_status", "n_jobs_run_since_last_init",
                 "n_l2a_produced_since_last_init", "measurement_date", "l1c_esa_creation_date",
                 "l1c_esa_publication_date", "l1c_dias_publication_date", "maja_mode",
                 "reprocessing_context"]


def rows(job_id, p):
    """The rows hrsi-create-jobs writes for product p (jobs, then fsc_rlie_jobs, once
    configured): see FscRlieJob::get_jobs_to_create, job_pre_insertion_setup, set_maja_mode."""
    s = p["sensing"]
    path = "/eodata/Sentinel-2/MSI/L1C/%04d/%02d/%02d/%s.SAFE" % (s.year, s.month, s.day, p["name"])
    published = pg_time(p["published"])
    # Sensing as the name gives it (whole seconds), as hrsi reads it.
    timely = p["published"] - s.replace(microsecond=0) < dt.timedelta(hours=24)
    job = [job_id, "fsc_rlie_job", "%s-%s" % (p["tile"], s.strftime("%Y-%m-%d")), p["name"],
           p["tile"], path, published, "nrt" if timely else "delayed"]
    ready = p["first"]
    child = [job_id, p["tile"], True, p["name"], True, path,
             "/%s/%s/L2A/reference/%s/init" % (SIP_BUCKET, p["tile"], p["name"]) if ready else None,
             "pending", 0 if ready else None, 0 if ready else None,
             pg_time(s.replace(microsecond=0)),  # from the name, not ContentDate.Start
             pg_time(p["creation"]), published, published, "init" if ready else None, "None"]
    return job, child


def write_odata(args):
    rng = random.Random(SEED)
    items = products(args.tiles, args.dates, rng)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "answer.json"), "w") as f:
        f.write('{"@odata.context":"$metadata#Products","value":[')
        for i, p in enumerate(items):
            if i:
                f.write(",")
            f.write(json.dumps(odata_entry(p, rng), separators=(",", ":")))
        f.write('],"@odata.nextLink":"https://catalogue.dataspace.copernicus.eu/odata/v1/'
                'Products?$filter=Collection/Name%20eq%20%27SENTINEL-2%27&$orderby='
                'PublicationDate%20asc&$top=' + str(len(items)) + '&$skip=' + str(len(items)) + '"}\n')
    insert_jobs = min(args.insert_jobs, len(items))
    with open(os.path.join(args.out, "jobs.tsv"), "w") as jobs, \
         open(os.path.join(args.out, "fsc_rlie_jobs.tsv"), "w") as children, \
         open(os.path.join(args.out, "insert.sql"), "w") as inserts:
        ready = 0
        for i, p in enumerate(items):
            job, child = rows(i + 1, p)
            ready += p["first"]
            jobs.write("\t".join(tsv(v if not isinstance(v, bool) else ("t" if v else "f"))
                                 for v in job) + "\n")
            children.write("\t".join(tsv(v if not isinstance(v, bool) else ("t" if v else "f"))
                                     for v in child) + "\n")
            if i < insert_jobs:
                inserts.write("insert into hrsi.jobs (%s) values (%s);\n"
                              % (", ".join(JOB_COLUMNS), ", ".join(sql(v) for v in job)))
                inserts.write("insert into hrsi.fsc_rlie_jobs (%s) values (%s);\n"
                              % (", ".join(CHILD_COLUMNS), ", ".join(sql(v) for v in child)))
                inserts.write("select hrsi.set_job_status(%d, 1::smallint);\n" % (i + 1))
    with open(os.path.join(args.out, "expected"), "w") as f:
        f.write("%d %d %d %d\n" % (len(items), ready, len(items) - ready, insert_jobs))


def write_list(args):
    rng = random.Random(SEED + 1)
    n_tiles = max(1, (args.count + 99) // 100)
    all_tiles = tiles(n_tiles, rng)
    written = 0
    with open(args.out, "w") as f:
        for d in range(100):
            day = START + dt.timedelta(days=5 * d)
            lines = []
            for tile in all_tiles:
                if written + len(lines) == args.count:
                    break
                sensing = day + dt.timedelta(hours=10, seconds=rng.randint(0, 3599))
                lines.append("S2A_MSIL1C_%s_N0510_R108_T%s_%s.SAFE\n"
                             % (compact(sensing), tile, compact(sensing.replace(
                                 hour=12, minute=34, second=56))))
            f.writelines(lines)
            written += len(lines)
            if written == args.count:
                break


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    odata = sub.add_parser("odata")
    odata.add_argument("--tiles", type=int, required=True)
    odata.add_argument("--dates", type=int, required=True)
    odata.add_argument("--insert-jobs", type=int, default=10_000)
    odata.add_argument("out")
    plain = sub.add_parser("list")
    plain.add_argument("--count", type=int, required=True)
    plain.add_argument("out")
    args = parser.parse_args()
    if args.what == "odata":
        write_odata(args)
    else:
        write_list(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
