"""The demo community's words: Alon customers helping each other, in English and Filipino.

Alon sells the Alon Mesh Wi-Fi system (a router and satellite nodes), the Alon app that
sets it up, and Alon Plus, a subscription with security and parental controls.
Authors are keys of DEMO_AUTHORS; `accepted` is the index of the accepted reply.
"""

from __future__ import annotations

from portal.forum.demo_content_fil import THREADS_FIL

DEMO_AUTHORS = {
    "maria": "customer@example.com",
    "paolo": "member@example.com",
    "jose": "editor@example.com",
    "ana": "agent@example.com",
    "lea": "admin@example.com",
}

# (slug, name, description, Filipino name, Filipino description)
CATEGORIES = [
    (
        "setup",
        "Setting up Alon Mesh",
        "Unboxing, first start and placing your nodes.",
        "Pag-set up ng Alon Mesh",
        "Pagbukas ng kahon, unang pag-on at kung saan ilalagay ang mga node.",
    ),
    (
        "connection",
        "Connection and speed",
        "Slow Wi-Fi, drop-outs and dead spots.",
        "Koneksyon at bilis",
        "Mabagal na Wi-Fi, nawawalang koneksyon at mga lugar na walang signal.",
    ),
    (
        "alon-app",
        "The Alon app",
        "Using the app on your phone: accounts, alerts, sharing.",
        "Ang Alon app",
        "Paggamit ng app sa iyong phone: account, alerto at pag-share.",
    ),
    (
        "alon-plus",
        "Alon Plus",
        "The subscription: security, parental controls, billing.",
        "Alon Plus",
        "Ang subscription: seguridad, parental controls at bayarin.",
    ),
    (
        "devices",
        "Devices and gaming",
        "Smart TVs, consoles, printers and smart-home gadgets.",
        "Mga device at gaming",
        "Smart TV, console, printer at mga gadget sa smart home.",
    ),
    (
        "kwentuhan",
        "Kwentuhan (Filipino)",
        "Tanong at sagot tungkol sa Alon, sa Filipino.",
        "Kwentuhan",
        "Tanong at sagot tungkol sa Alon, sa Filipino.",
    ),
]

THREADS_EN = [
    {
        "category": "setup",
        "author": "maria",
        "lang": "en",
        "title": "Where should I put the second node in a two-storey house?",
        "body": (
            "I have the Alon Mesh three-pack. The router is in the living room downstairs.\n\n"
            "Should the second node go directly above it, or closer to the bedrooms?"
        ),
        "replies": [
            (
                "paolo",
                "Halfway is the rule I follow: put the node where the signal from the router "
                "is still good, not where it is already weak. For me that was the top of the "
                "stairs.",
            ),
            (
                "ana",
                "Paolo is right. Open **Alon app → Network → Node placement** and walk to the "
                "spot with your phone. Aim for a green or yellow reading, never red. Directly "
                "above the router works too if the floor is wood, less well through concrete.",
            ),
        ],
        "accepted": 1,
    },
    {
        "category": "setup",
        "author": "paolo",
        "lang": "en",
        "title": "Setup stuck on 'Looking for your Alon router'",
        "body": (
            "The app has been spinning on *Looking for your Alon router* for ten minutes. "
            "The light on the router is pulsing white. Bluetooth is on."
        ),
        "replies": [
            (
                "maria",
                "Same thing happened to me. Closing the app fully and turning Bluetooth off "
                "and on again fixed it.",
            ),
            (
                "ana",
                "A pulsing white light means the router is ready. If the app still cannot "
                "find it:\n\n1. Keep the phone within two metres of the router.\n"
                "2. Allow the app to use location (Android needs it for Bluetooth scans).\n"
                "3. Restart the app.\n\nIf it still fails, hold the reset button for 10 "
                "seconds and start again.",
            ),
            ("paolo", "Location permission was the problem. Thanks, both!"),
        ],
        "accepted": 1,
    },
    {
        "category": "setup",
        "author": "maria",
        "lang": "en",
        "title": "Can I use Alon Mesh with my fibre provider's modem?",
        "body": (
            "My provider gave me a modem-router combo. Do I plug the Alon router into it, "
            "and should I turn off the provider's Wi-Fi?"
        ),
        "replies": [
            (
                "jose",
                "Yes: cable from a LAN port of the provider's box to the **WAN** port of the "
                "Alon router. Then turn off the provider's Wi-Fi so your devices do not "
                "jump between two networks. If you can, set the provider's box to *bridge "
                "mode*; otherwise the Alon app will offer its own bridge mode to avoid a "
                "double NAT.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "setup",
        "author": "paolo",
        "lang": "en",
        "title": "Adding a fourth node to a three-pack",
        "body": "Can I buy a single node and add it to my existing three-pack?",
        "replies": [],
        "accepted": None,
    },
    {
        "category": "connection",
        "author": "maria",
        "lang": "en",
        "title": "Speed drops every evening around 8 pm",
        "body": (
            "During the day I get 300 Mbps. Every evening speeds fall to about 40 Mbps "
            "for an hour or two. Is it my Alon system or my provider?"
        ),
        "replies": [
            (
                "paolo",
                "Run a speed test from the Alon app (it tests at the router, not over Wi-Fi). "
                "If that is also slow in the evening, it is your provider's busy hour.",
            ),
            (
                "ana",
                "Good advice. The app's **Speed history** also keeps a week of automatic "
                "tests, so you can show your provider the pattern. If the router test is fast "
                "but your devices are slow, tell us and we will look at channel congestion.",
            ),
        ],
        "accepted": 1,
    },
    {
        "category": "connection",
        "author": "paolo",
        "lang": "en",
        "title": "Laptop keeps connecting to the weakest node",
        "body": (
            "My laptop in the office stays on the living-room node even though there is a "
            "node two metres away. Phones switch fine."
        ),
        "replies": [
            (
                "jose",
                "Some older laptops hold on to a connection until it is really bad. Try "
                "updating the Wi-Fi driver first. In the Alon app you can also turn on "
                "**Smart steering**, which nudges devices to the closest node.",
            ),
            (
                "maria",
                "Updating the driver did it for my old laptop too.",
            ),
        ],
        "accepted": None,
    },
    {
        "category": "connection",
        "author": "maria",
        "lang": "en",
        "title": "Dead spot in the garden office",
        "body": (
            "I work from a small office at the end of the garden, about 15 metres from the "
            "house. Wi-Fi there is one bar at best. Would an outdoor node help?"
        ),
        "replies": [
            (
                "paolo",
                "I put a normal node on the windowsill facing the garden and it reaches my "
                "shed. Worth trying before buying anything.",
            ),
        ],
        "accepted": None,
    },
    {
        "category": "connection",
        "author": "paolo",
        "lang": "en",
        "title": "What does the orange light on a node mean?",
        "body": "One of my nodes shows a steady orange light since this morning.",
        "replies": [
            (
                "ana",
                "Steady orange means the node has a weak link to the rest of the mesh. Move "
                "it a little closer to the router or another node, then wait two minutes. "
                "The light turns white once the link is good.",
            ),
            ("paolo", "Moved it one room closer and it is white now."),
        ],
        "accepted": 0,
    },
    {
        "category": "alon-app",
        "author": "maria",
        "lang": "en",
        "title": "How do I share network access with my husband?",
        "body": (
            "I set everything up with my account. My husband wants to see the devices and "
            "pause the kids' tablets too."
        ),
        "replies": [
            (
                "jose",
                "Go to **Settings → Household → Invite** and enter his email. He installs "
                "the Alon app, logs in with that email and gets the same controls. Only the "
                "owner can remove the network or change billing.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "alon-app",
        "author": "paolo",
        "lang": "en",
        "title": "Too many 'new device joined' notifications",
        "body": (
            "Every time a guest joins I get an alert. Can I keep alerts for unknown devices "
            "but not for the guest network?"
        ),
        "replies": [
            (
                "maria",
                "Under **Notifications** there is a switch for the guest network on its own. "
                "I turned it off and kept the main one on.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "alon-app",
        "author": "maria",
        "lang": "en",
        "title": "Is there a way to see which device uses the most data?",
        "body": "Our data use doubled this month and I would like to know why.",
        "replies": [],
        "accepted": None,
    },
    {
        "category": "alon-app",
        "author": "paolo",
        "lang": "en",
        "title": "App asks me to log in again every day",
        "body": (
            "Since the last update the Alon app logs me out every morning. Android 14, Pixel 7."
        ),
        "replies": [
            (
                "ana",
                "Thanks for the report. Please check that the app is not set to "
                "*Restricted* under **Android settings → Apps → Alon → Battery**; the "
                "restricted mode clears its sign-in. We are also looking at it on our side.",
            ),
        ],
        "accepted": None,
    },
    {
        "category": "alon-plus",
        "author": "maria",
        "lang": "en",
        "title": "What exactly do I get with Alon Plus?",
        "body": "Is Alon Plus worth it for a family with two kids?",
        "replies": [
            (
                "jose",
                "Alon Plus adds:\n\n| Feature | Without Plus | With Plus |\n"
                "|---|---|---|\n| Parental controls | Pause only | Schedules, filters, "
                "bedtime |\n| Security | Basic firewall | Blocks known bad sites |\n"
                "| Speed history | 7 days | 90 days |\n\nFor a family with kids, the "
                "schedules are what most people buy it for.",
            ),
            ("maria", "The bedtime schedule sold me. Thank you!"),
        ],
        "accepted": 0,
    },
    {
        "category": "alon-plus",
        "author": "paolo",
        "lang": "en",
        "title": "Charged twice for Alon Plus this month",
        "body": "My card shows two Alon Plus charges on the same day.",
        "replies": [
            (
                "ana",
                "Sorry about that. A double charge is usually one real payment and one "
                "authorisation that drops off within five working days. If both are still "
                "there after that, use *Talk to a human* and we will refund the extra one.",
            ),
        ],
        "accepted": None,
    },
    {
        "category": "alon-plus",
        "author": "maria",
        "lang": "en",
        "title": "Content filter blocks my daughter's school website",
        "body": (
            "The Alon Plus filter for teens blocks her school's learning portal. How do I "
            "allow one site?"
        ),
        "replies": [
            (
                "paolo",
                "Open the child's profile, then **Filters → Always allow** and add the "
                "site's address. It worked for our school portal straight away.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "devices",
        "author": "paolo",
        "lang": "en",
        "title": "Best settings for online gaming on a console",
        "body": ("I play on a console in the bedroom. Any Alon settings that help with lag?"),
        "replies": [
            (
                "jose",
                "Three things help most:\n\n- Use a cable from the nearest node to the "
                "console if you can.\n- Turn on **Game mode** for the console in the app "
                "(it gets priority).\n- Keep UPnP on; most consoles need it for voice chat.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "devices",
        "author": "maria",
        "lang": "en",
        "title": "Smart plug only works on 2.4 GHz",
        "body": (
            "My new smart plug says it needs a 2.4 GHz network, but Alon shows one network "
            "name for everything."
        ),
        "replies": [
            (
                "ana",
                "Alon joins both bands under one name, and most plugs cope. If yours does "
                "not, turn on **Settings → Wi-Fi → Smart-home helper** for ten minutes: it "
                "opens a 2.4 GHz-only network for pairing, then closes it.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "devices",
        "author": "paolo",
        "lang": "en",
        "title": "Printer disappears after a few hours",
        "body": "Our printer drops off the network every afternoon and needs a restart.",
        "replies": [],
        "accepted": None,
    },
]

THREADS = THREADS_EN + THREADS_FIL
