"""Roots for the shaded jar's minimizeJar (src/main/resources/META-INF/services/routes.ShadedJarRoots): every class
Camel names in its META-INF/services/org/apache/camel files and every dependency class named in a string constant of a
Camel or Parquet class (Class.forName, factory defaults, Parquet's bit-packing classes). Prints them sorted. Argument: `mvn dependency:list` output."""
import sys, zipfile, os, re, struct
m2 = os.path.expanduser('~/.m2/repository')
jars = []
for line in open(sys.argv[1]):  # `dependency:list` output (or lines group:artifact:jar:version)
    m = re.search(r'([\w.\-]+):([\w.\-]+):jar:([\w.\-]+)', line)
    if m:
        g, a, v = m.groups()
        jars.append((g, a, f"{m2}/{g.replace('.','/')}/{a}/{v}/{a}-{v}.jar"))
allclasses = set()
for g,a,f in jars:
    for n in zipfile.ZipFile(f).namelist():
        if n.endswith('.class') and not n.startswith('META-INF/'):
            allclasses.add(n[:-6].replace('/', '.'))
def utf8s(data):
    if data[:4] != b'\xca\xfe\xba\xbe': return
    count = struct.unpack('>H', data[8:10])[0]; i = 10; k = 1
    while k < count:
        tag = data[i]
        if tag == 1:
            ln = struct.unpack('>H', data[i+1:i+3])[0]
            yield data[i+3:i+3+ln].decode('utf-8', 'replace'); i += 3 + ln
        elif tag in (3,4,9,10,11,12,17,18): i += 5
        elif tag in (5,6): i += 9; k += 1
        elif tag in (7,8,16,19,20): i += 3
        elif tag == 15: i += 4
        else: return
        k += 1
roots = set(); why = {}
for g,a,f in jars:
    if g not in ('org.apache.camel', 'org.apache.parquet'): continue
    z = zipfile.ZipFile(f)
    for n in z.namelist():
        if g == 'org.apache.camel' and n.startswith('META-INF/services/org/apache/camel/') and not n.endswith('/'):
            for line in z.read(n).decode().splitlines():
                line = line.strip()
                if line.startswith('class='): line = line[6:]
                if line in allclasses: roots.add(line)
        elif n.endswith('.class'):
            for s in utf8s(z.read(n)):
                # class names in string constants (Class.forName / resolveClass / factory defaults)
                for c in re.findall(r'[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\.[A-Z][A-Za-z0-9_$]*', s):
                    # (Hadoop and parquet's own Jackson copy are not in the jar at all: see pom.xml)
                    if c in allclasses and not c.startswith(('org.apache.hadoop.', 'shaded.parquet.com.fasterxml.')):
                        roots.add(c)
print('\n'.join(sorted(roots)))
