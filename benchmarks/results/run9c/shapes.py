import json, subprocess, statistics, collections, sys
rounds=int(sys.argv[1]); jar='/tmp/bench-new.jar'
pat=r'PumpBenchmark\.(vertxPipeTo|pump|pumpManaged|pumpWithLimit|pumpWithMetrics|pumpWithObservation)$'
res=collections.defaultdict(list)
for r in range(rounds):
    out=f'/tmp/ab/shapes-{r}.json'
    subprocess.run(['java','-jar',jar,pat,'-f','1','-rf','json','-rff',out],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,check=True)
    for b in json.load(open(out)):
        key=(b['benchmark'].split('.')[-1], b['params']['bufferSize'])
        raw=[x for fork in b['primaryMetric']['rawData'] for x in fork]
        res[key].append(statistics.median(raw))
    print('round',r,flush=True)
for size in ('8192','65536'):
    vx=min(res[('vertxPipeTo',size)])
    print(f'== {size}: vertx forks', ' '.join(f'{v:.2f}' for v in res[('vertxPipeTo',size)]))
    for v in ('pump','pumpManaged','pumpWithLimit','pumpWithMetrics','pumpWithObservation'):
        xs=res[(v,size)]
        print(f'{v:22s} forks', ' '.join(f'{x:.2f}' for x in xs), f'fastest {min(xs):.2f} vs vertx fastest {min(xs)/vx:.2f}')
