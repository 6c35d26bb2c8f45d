"""An official answer within a legal deadline: the due date, one extension with a public
reason, overdue, a reminder before the date.

The law on appeals gives an office fifteen days to answer and lets it move the date once, by
at most a month, saying publicly why (the numbers are settings).
Petitions keep this deadline today and residents' questions are to; consultation outcomes
and meeting action items will. Each of them describes where its row keeps the deadline with
an ``AnswerDeadline`` (``deadline.py``) and then uses the rules (``deadline.py``, pure), the
writes (``services.py``) and the reads (``selectors.py``) here, so the rule and its messages
exist once.
"""
