"""Languages that CEP publishes in, for labelling files, results and webinars."""

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("nl", "Dutch"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("pl", "Polish"),
    ("cs", "Czech"),
    ("et", "Estonian"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("hu", "Hungarian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("hr", "Croatian"),
    ("bg", "Bulgarian"),
    ("el", "Greek"),
    ("fi", "Finnish"),
    ("sv", "Swedish"),
    ("da", "Danish"),
    ("ga", "Irish"),
    ("tr", "Turkish"),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
