"""Money: the ledger every pound passes through, the tariff and the month's payments.
"""
