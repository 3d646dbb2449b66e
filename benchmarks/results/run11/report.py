import json,glob,statistics,collections,re
res=collections.defaultdict(list)
for f in sorted(glob.glob('bench-*.json')):
    jar=re.match(r'bench-(\w+)\.jar',f).group(1)
    for b in json.load(open(f)):
        raw=[x for fork in b['primaryMetric']['rawData'] for x in fork]
        res[(jar,b['benchmark'].split('.')[-1],b['params']['bufferSize'])].append(statistics.median(raw))
jars=sorted(set(k[0] for k in res))
for size in ('8192','65536'):
    vxall=[x for j in jars for x in res[(j,'vertxPipeTo',size)]]
    vx=min(vxall)
    print(f'== {size}: Vert.x forks (all jars) '+' '.join(f'{x:.2f}' for x in vxall)+f'; fastest {vx:.2f}')
    for v in ('pump','pumpManaged','pumpWithLimit','pumpWithMetrics','pumpWithObservation'):
        print(f'{v:20s}', '  '.join(f'{j}: forks '+' '.join(f'{x:.2f}' for x in res[(j,v,size)])+f' fastest {min(res[(j,v,size)]):.2f} ({min(res[(j,v,size)])/vx:.2f}x) median {statistics.median(res[(j,v,size)]):.2f}' for j in jars))
