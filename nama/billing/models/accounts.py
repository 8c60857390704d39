"""Who receives the money: the municipality's beneficiary accounts (one bill per account)."""

from __future__ import annotations

from django.db import models


class BeneficiaryAccount(models.Model):
    """A bank account a fee line is paid into: the municipality, education, fire service…

    ``company_code`` is the 3-digit code in the bill IDs of this account's bills, so a bank
    routes each slip to its account.
    """

    code = models.SlugField("کد", max_length=40, unique=True)
    name = models.CharField("نام", max_length=200)
    sheba = models.CharField("شماره شبا", max_length=26)
    company_code = models.PositiveSmallIntegerField("کد شرکت در شناسه قبض", unique=True)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "حساب ذی‌نفع"
        verbose_name_plural = "حساب‌های ذی‌نفع"
        ordering = ["company_code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company_code__lte=999), name="account_company_code_3_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name
