#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Data of the create_rlies1 benchmark (bench/create_rlies1.sh), standard library only.

  create_rlies1_data.py --count N OUT_FILE
      one CDSE OData answer of N Sentinel-1 IW GRDH VV+VH products with their footprints
      (Footprint and GeoFootprint, as the Copernicus Data Space gives them), in publication
      order ($orderby=PublicationDate asc)

The same seed always gives the same data. Footprints as the tiles_intersect benchmark's
(bench/tiles_intersect.cpp): about 250 km across track by 170 km along track, turned by up to
14 degrees, centred anywhere over Europe and its seas (lon -25..40, lat 34..71); those that
meet no EEA39 tile are refused by creation, the others become one job each. Sensing times
37 s apart from 2024-01-01, published 1 to 3 hours later (2% of them 30 to 50 hours later:
priority delayed).
"""

import argparse
import datetime as dt
import math
import random

SEED = 20240105
START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def compact(t):
    return t.strftime("%Y%m%dT%H%M%S")


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def footprint(rng):
    x = rng.uniform(-25, 40)
    y = rng.uniform(34, 71)
    angle = rng.uniform(-0.25, 0.25)
    km_per_lon = 111.32 * math.cos(math.radians(y))
    ring = []
    for across, along in ((-125.0, -85.0), (125.0, -85.0), (125.0, 85.0), (-125.0, 85.0)):
        east = across * math.cos(angle) - along * math.sin(angle)
        north = across * math.sin(angle) + along * math.cos(angle)
        ring.append((round(x + east / km_per_lon, 4), round(y + north / 111.32, 4)))
    ring.append(ring[0])
    return ring


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("out")
    args = parser.parse_args()
    rng = random.Random(SEED)
    products = []
    for i in range(args.count):
        start = START + dt.timedelta(seconds=37 * i, milliseconds=447)
        stop = start + dt.timedelta(seconds=25)
        delay = rng.uniform(30, 50) if rng.random() < 0.02 else rng.uniform(1, 3)
        published = start + dt.timedelta(hours=delay)
        orbit = 51000 + (37 * i) // 6000
        name = "S1A_IW_GRDH_1SDV_%s_%s_%06d_%06X_%04X" % (compact(start), compact(stop), orbit,
                                                         (orbit * 7) % 0xFFFFFF, i % 0x10000)
        products.append((published, name, start, stop, footprint(rng)))
    products.sort(key=lambda p: p[0])
    with open(args.out, "w") as out:
        out.write('{"@odata.context":"$metadata#Products(Attributes())","value":[')
        for n, (published, name, start, stop, ring) in enumerate(products):
            wkt = ", ".join("%s %s" % point for point in ring)
            coordinates = ",".join("[%s,%s]" % point for point in ring)
            out.write("%s\n{\"Name\":\"%s.SAFE\",\"S3Path\":\"/eodata/Sentinel-1/SAR/IW_GRDH_1S/%s/%s.SAFE\","
                      "\"PublicationDate\":\"%s\",\"ContentDate\":{\"Start\":\"%s\",\"End\":\"%s\"},"
                      "\"Footprint\":\"geography'SRID=4326;POLYGON ((%s))'\","
                      "\"GeoFootprint\":{\"type\":\"Polygon\",\"coordinates\":[[%s]]},"
                      "\"Attributes\":[{\"Name\":\"productType\",\"Value\":\"IW_GRDH_1S\"},"
                      "{\"Name\":\"operationalMode\",\"Value\":\"IW\"},"
                      "{\"Name\":\"polarisationChannels\",\"Value\":\"VV&VH\"},"
                      "{\"Name\":\"platformShortName\",\"Value\":\"SENTINEL-1\"},"
                      "{\"Name\":\"platformSerialIdentifier\",\"Value\":\"A\"}]}"
                      % ("," if n else "", name, start.strftime("%Y/%m/%d"), name, iso_ms(published),
                         iso_ms(start), iso_ms(stop), wkt, coordinates))
        out.write("\n]}\n")


if __name__ == "__main__":
    main()
