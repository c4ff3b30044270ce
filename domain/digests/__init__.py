"""The working rhythm in the staff chat: daily sign-off, weekly review, monthly analysis.

The daily sign-off (日签批), the weekly review (周调度) and the monthly analysis (月分析).

``periods`` says which period of a kind is due at a time and what it covers; ``engine``
makes each digest go out exactly once per period and chat; ``daily``, ``weekly`` and
``monthly`` gather what each one says (plain values, no Telegram).
"""

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
KINDS = (DAILY, WEEKLY, MONTHLY)
