"""What the browser scripts share (layout-probe.py, axe-check.py, keyboard-walk.py, screenshots.sh):
a built site served on 127.0.0.1, and headless Chromium through chromedriver (Debian
`chromium-driver`, PyPI `selenium`) at a reader's window size."""
import argparse, functools, http.server, socketserver, threading

from selenium import webdriver


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_arguments(description):
    """The measuring scripts' command line: the built site, its pages, the window and the mode."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("site")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    parser.add_argument("--elder", action="store_true", help="open the pages in 长辈模式")
    return parser


def serve(directory):
    """The folder on a free port of 127.0.0.1, served from a thread; `shutdown()` when done."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server):
    return f"http://127.0.0.1:{server.server_address[1]}/"


def chrome(width=1280, height=900, font_size=None):
    """Headless Chromium; `size()` sets an exact viewport (a phone's below 600 px)."""
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 f"--window-size={width},{height}"]:
        options.add_argument(flag)
    if font_size:
        options.add_experimental_option("prefs", {"webkit.webprefs.default_font_size": font_size})
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)


def size(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def remember_mode(driver, server, elder):
    """Stores the reader's 长辈模式 choice as tools.js does, before the pages are opened."""
    driver.get(base_url(server) + "404.html")
    driver.execute_script("localStorage.setItem('shegong-mode', arguments[0])", "elder" if elder else "standard")


def each_page(args, font_size=None):
    """Opens `args.paths` of `args.site` one after another at `args`' window size and mode
    (`page_arguments`), yielding the driver and the path with each page loaded; the browser and the
    server are closed when the loop ends, however it ends."""
    server = serve(args.site)
    driver = chrome(args.width, args.height, font_size=font_size)
    try:
        driver.set_script_timeout(60)
        size(driver, args.width, args.height)
        remember_mode(driver, server, args.elder)
        base = base_url(server)
        for path in args.paths:
            driver.get(base + path.lstrip("/"))
            yield driver, path
    finally:
        driver.quit()
        server.shutdown()
