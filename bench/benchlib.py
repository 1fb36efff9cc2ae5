"""Child processes, /proc readings and scrapes shared by the Python benchmarks (bench/scale, bench/soak).

Everything spawn() starts is remembered and stop_all() ends it, newest first, so a benchmark that
fails or is interrupted leaves nothing running.
"""
import os, resource, signal, subprocess, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("SOCKETSCOPE_BUILD", os.path.join(ROOT, "build"))
BIN = os.path.join(BUILD, "bin")
CHILDREN = []


def sh(command):
    return subprocess.run(command, shell=isinstance(command, str), check=True)


def build(results):
    """Builds SocketScope and empties results: a file left by an earlier run must not pass for this one's."""
    sh(["bash", "-c", f'source "{ROOT}/scripts/common.sh"; build_socketscope >&2'])
    os.makedirs(results, exist_ok=True)
    for name in os.listdir(results):
        path = os.path.join(results, name)
        if os.path.isfile(path):
            os.remove(path)


def raise_open_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def spawn(args, log):
    proc = subprocess.Popen(args, stdout=open(log, "w"), stderr=subprocess.STDOUT, preexec_fn=raise_open_files)
    CHILDREN.append(proc)
    return proc


def stop(proc, sig=signal.SIGTERM, wait=10):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stop_all():
    for proc in reversed(CHILDREN):
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)  # a stopped process cannot act on SIGTERM
        stop(proc, wait=8)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def open_files(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def scrape(port, path="/metrics"):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            return r.read().decode()
    except OSError:
        return ""


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def wait_until(predicate, seconds, step=0.5):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
