#!/usr/bin/env python3
"""Writes payments-incident.csv: ten minutes of a payments API's access log with a recorded outage.

The log is synthetic but shaped like a real one (an nginx/ALB-style export): about 5 requests a second,
a healthy lognormal latency, a few 404s and 302s, and an incident:
  180-240 s  brownout: latency climbs (a database failover starts)
  240-330 s  outage: ~75% of requests fail (502/503), survivors are slow, some 504 after 5 s
  330-390 s  recovery: errors fade, latency returns to normal
Deterministic (fixed seed), so regenerating gives the same bytes:
  python3 resources/replay/generate_payments_incident.py > resources/replay/payments-incident.csv
"""
import datetime
import math
import random

rng = random.Random(20240305)
start = datetime.datetime(2024, 3, 5, 14, 0, 0, tzinfo=datetime.timezone.utc)
paths = ["/v1/charges", "/v1/charges", "/v1/charges", "/v1/refunds", "/v1/customers/cus_{}"]
print("timestamp,method,path,status,latency_ms,bytes,upstream")
t = 0.0
while True:
    t += rng.expovariate(5.0)
    if t >= 600:
        break
    latency = math.exp(math.log(45) + 0.45 * rng.gauss(0, 1))
    status = 200
    r = rng.random()
    if r < 0.01:
        status = 404
    elif r < 0.02:
        status = 302
    elif r < 0.025:
        status = 500
    if 180 <= t < 240:  # brownout
        latency *= 1 + 6 * (t - 180) / 60
    elif 240 <= t < 330:  # outage
        r = rng.random()
        if r < 0.45:
            status, latency = 503, rng.uniform(2, 15)
        elif r < 0.65:
            status, latency = 502, rng.uniform(20, 120)
        elif r < 0.75:
            status, latency = 504, 5000 + rng.uniform(0, 30)
        else:
            latency *= rng.uniform(8, 25)
    elif 330 <= t < 390:  # recovery
        fade = 1 - (t - 330) / 60
        if rng.random() < 0.3 * fade:
            status = 503
            latency = rng.uniform(2, 15)
        else:
            latency *= 1 + 4 * fade
    when = start + datetime.timedelta(seconds=t)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (when.microsecond // 1000)
    path = rng.choice(paths).format(rng.randrange(10000, 99999))
    method = "GET" if path.startswith("/v1/customers") else "POST"
    size = 0 if status >= 500 else rng.randrange(300, 2400)
    print(f"{stamp},{method},{path},{status},{latency:.1f},{size},10.0.3.{rng.randrange(10, 14)}:8443")
