"""Real traffic: wrk with bench/traffic.lua over each page's address set, logged-in people,
the bare hello-world next to the site, and reports filed by several officers at once."""

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPT = HERE / "traffic.lua"
THREADS, CONNECTIONS = 2, 8
LOCKED = re.compile(r"database is locked|database table is locked|SQLITE_BUSY|busy", re.I)


def write_sets(folder: Path, sets: dict[str, list[str]]) -> dict[str, Path]:
    """Each set into a file of its own, one address a line."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, addresses in sets.items():
        path = folder / (re.sub(r"\W+", "-", name).strip("-") + ".txt")
        path.write_text("\n".join(addresses) + "\n", encoding="utf-8")
        files[name] = path
    return files


def wrk(base: str, seconds: int, addresses: Path | None = None, cookie: str = "") -> dict:
    """Requests per second, p50/p99 (ms), and the answers by kind, over ADDRESSES (else BASE)."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "30s"]  # a slow answer is measured, not dropped
    if addresses is not None:
        command += ["-s", str(SCRIPT), base, "--", str(addresses), str(THREADS), cookie]
    else:
        command += [base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": _socket_errors(output),
    }
    traffic = re.search(r"TRAFFIC (.*)", output)
    if traffic:
        found |= {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", traffic.group(1))}
    return found


def _socket_errors(output: str) -> int:
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
        output,
    )
    return sum(int(n) for n in match.groups()) if match else 0


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def gunicorn(app: str, port: int, env: dict, log: Path, workers: int = 2) -> subprocess.Popen:
    """APP under the site's gunicorn settings (./gunicorn.conf.py), up when it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--error-logfile", str(log)]
        + [app],
        cwd=ROOT,
        env=dict(os.environ) | env,
    )
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=5)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn {app} did not start (see {log})")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


class HelloWorld:
    """bench/hello.py served like the site for as long as the site runs, so that each page
    is compared with a hello-world measured just before it: a share computed against one
    measured minutes earlier mostly measures whatever else the machine did in between."""

    def __init__(self, port: int, log: Path):
        self.port, self.log, self.process = port, log, None

    def __enter__(self) -> "HelloWorld":
        self.process = gunicorn("bench.hello:app", self.port, {}, self.log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)

    def measure(self, seconds: int) -> dict:
        return wrk(f"http://127.0.0.1:{self.port}/", seconds)


def _fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|form_key)"[^>]*value="([^"]*)"', page))


def log_in(base: str, email: str, password: str) -> requests.Session:
    """A browser logged in as EMAIL through the login form."""
    browser = requests.Session()
    form = browser.get(base + "/login", headers={"Accept-Language": "en"})
    answer = browser.post(
        base + "/login",
        data=_fields(form.text) | {"email": email, "password": password},
        allow_redirects=False,
    )
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise SystemExit(f"could not log in as {email}: {answer.status_code}")
    # As a browser does: the page after the login shows (and so takes out of the session)
    # its "You are logged in." Kept in the cookie wrk sends, that message would be shown,
    # and the cookie decoded afresh and signed anew, on every request of the run.
    browser.get(urljoin(answer.url, answer.headers["Location"]), headers={"Accept-Language": "en"})
    return browser


def cookie_header(browser: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def still_logged_in(base: str, browser: requests.Session, path: str) -> bool:
    """The session still opens PATH: it neither expired nor was throttled during the run."""
    answer = browser.get(base + path, allow_redirects=False)
    return answer.status_code == 200


SIZE_SAMPLE = 20  # addresses of each set whose size on the wire is measured


def sent_kb(base: str, addresses: Path, browser: requests.Session | None = None) -> dict:
    """The mean and largest size on the wire, in KB, of the first SIZE_SAMPLE addresses of a
    set, asked as a browser asks (brotli or gzip accepted), by BROWSER when logged in."""
    browser = browser or requests.Session()
    headers = {"Accept-Encoding": "br, gzip", "Accept-Language": "en"}
    sizes = []
    for path in addresses.read_text().split("\n")[:SIZE_SAMPLE]:
        if path:
            with browser.get(base + path, headers=headers, stream=True, timeout=120) as answer:
                sizes.append(len(answer.raw.read(decode_content=False)))
    return {"mean": sum(sizes) / len(sizes) / 1024, "max": max(sizes) / 1024}


def file_reports(base: str, writers: dict[str, list[int]], password: str, per_writer: int):
    """Several officers at once, each filing the reports of its own events: reports/s.

    Each officer first opens the report forms (not timed), then all send them together; the
    figure is the reports saved over the time from the first POST to the last answer.
    """
    from bench.addresses import email

    prepared = {}
    for role, events in writers.items():
        browser = log_in(base, email(role), password)
        forms = []
        for event_id in events[:per_writer]:
            page = browser.get(f"{base}/events/{event_id}/report")
            page.raise_for_status()
            forms.append((event_id, report_fields(page.text)))
        prepared[role] = (browser, forms)
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def send(browser, forms):
        for event_id, fields in forms:
            fields["attendance_total"] = str(int(fields.get("attendance_total") or 0) + 1)
            answer = browser.post(
                f"{base}/events/{event_id}/report", data=fields, allow_redirects=False
            )
            with lock:
                outcomes.append((answer.status_code, answer.text[:2000]))

    threads = [threading.Thread(target=send, args=p) for p in prepared.values()]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    saved = sum(status == 302 for status, _ in outcomes)
    return {
        "writers": len(writers),
        "posted": len(outcomes),
        "saved": saved,
        "per_second": saved / elapsed,
        "server_errors": sum(status >= 500 for status, _ in outcomes),
        "locked": sum(bool(LOCKED.search(text)) for _, text in outcomes),
        "other": sorted({status for status, _ in outcomes} - {302}),
    }


def report_fields(page: str) -> dict[str, str]:
    """The report form as the browser would send it unchanged: its inputs and chosen options."""
    form = page[page.index('action="') :] if 'action="' in page else page
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name or "__i__" in name.group(1):
            continue
        kind = re.search(r'\btype="([^"]+)"', tag)
        if kind and kind.group(1) in {"checkbox", "radio"} and "checked" not in tag:
            continue
        value = re.search(r'\bvalue="([^"]*)"', tag)
        fields[name.group(1)] = _unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        if "__i__" in name:
            continue
        chosen = re.search(r'<option\b[^>]*value="([^"]*)"[^>]*\bselected\b', body)
        fields[name] = _unescape(chosen.group(1)) if chosen else ""
    return fields


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def peak_memory_mb(master: subprocess.Popen) -> float:
    """The largest peak resident memory (VmHWM) of MASTER's workers."""
    peaks = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks)


def resident_mb(master: subprocess.Popen) -> float:
    """The largest resident memory (VmRSS) of MASTER's workers now."""
    sizes = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return max(sizes)


def wait_until_idle(master: subprocess.Popen, most_seconds: float = 60) -> None:
    """Until MASTER's workers have used no CPU for 0.2 s: wrk stops at its deadline, but the
    requests it left in gunicorn's queue are still served after it (seconds, after a slow
    page), and would slow whatever is measured next."""
    tick = os.sysconf("SC_CLK_TCK")

    def used() -> int:
        total = 0
        for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in ticks
        return total

    deadline, last = time.monotonic() + most_seconds, used()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = used()
        if now - last <= 0.01 * tick:
            return
        last = now
