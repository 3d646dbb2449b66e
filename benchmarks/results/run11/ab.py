import json, subprocess, statistics, collections, sys
rounds=int(sys.argv[1]); pat=sys.argv[2]; jars=sys.argv[3:]
res=collections.defaultdict(list)
for r in range(rounds):
    for j in jars:
        out=f'./{j.split("/")[-1]}-{r}.json'
        subprocess.run(['java','-jar',j,pat,'-f','1','-rf','json','-rff',out],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,check=True)
        for b in json.load(open(out)):
            key=(j.split('/')[-1], b['benchmark'].split('.')[-1], b['params'].get('bufferSize','-') if b.get('params') else '-')
            raw=[x for fork in b['primaryMetric']['rawData'] for x in fork]
            res[key].append(statistics.median(raw))
    print('round',r,flush=True)
for k in sorted(res):
    xs=res[k]; print(f'{k[0]:18s} {k[1]:22s} {k[2]:6s} forks', ' '.join(f'{x:.1f}' for x in xs), f'median {statistics.median(xs):.1f} min {min(xs):.1f}')
