"""The demo community's Filipino threads (see demo_content for the English ones)."""

from __future__ import annotations

THREADS_FIL = [
    {
        "category": "kwentuhan",
        "author": "maria",
        "lang": "fil",
        "title": "Paano palitan ang password ng Wi-Fi sa Alon app?",
        "body": (
            "Gusto kong palitan ang password ng Wi-Fi namin kasi marami nang kapitbahay "
            "ang may alam. Saan ito makikita sa app?"
        ),
        "replies": [
            (
                "paolo",
                "Pumunta ka sa **Settings → Wi-Fi → Password**. Pagkatapos mong palitan, "
                "kailangang kumonekta ulit ang lahat ng device gamit ang bagong password.",
            ),
            ("maria", "Salamat! Nagawa ko na."),
        ],
        "accepted": 0,
    },
    {
        "category": "kwentuhan",
        "author": "paolo",
        "lang": "fil",
        "title": "Mabagal ang internet tuwing umuulan",
        "body": (
            "Tuwing malakas ang ulan, bumabagal o nawawala ang internet namin. Sira ba ang "
            "Alon router ko?"
        ),
        "replies": [
            (
                "ana",
                "Kadalasan hindi ang Alon router ang may problema. Buksan ang Alon app at "
                "mag-speed test. Kung mabagal din doon, malamang sa linya ng provider ang "
                "problema, kaya sila ang dapat tawagan.",
            ),
        ],
        "accepted": None,
    },
    {
        "category": "kwentuhan",
        "author": "maria",
        "lang": "fil",
        "title": "Sulit ba ang Alon Plus para sa maliit na pamilya?",
        "body": (
            "Tatlo lang kami sa bahay at may isang anak na sampung taong gulang. Kailangan "
            "ba namin ang Alon Plus?"
        ),
        "replies": [
            (
                "jose",
                "Kung gusto mong may oras ng tulog ang tablet ng anak mo at may filter ng "
                "mga website, malaking tulong ang Alon Plus. Pwede mo rin itong subukan nang "
                "libre sa loob ng 30 araw bago magbayad.",
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "kwentuhan",
        "author": "paolo",
        "lang": "fil",
        "title": "Pwede bang ilagay ang node sa labas ng bahay?",
        "body": "Gusto ko sanang may Wi-Fi sa garahe. Pwede bang ilagay doon ang isang node?",
        "replies": [],
        "accepted": None,
    },
]
