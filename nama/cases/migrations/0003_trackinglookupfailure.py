# The rate limit of public tracking (nama/cases/throttle.py).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_message_templates")]

    operations = [
        migrations.CreateModel(
            name="TrackingLookupFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "ip",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="نشانی IP"),
                ),
                (
                    "tracking_code",
                    models.CharField(blank=True, max_length=12, verbose_name="کد رهگیری"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="زمان"
                    ),
                ),
            ],
            options={
                "verbose_name": "پیگیری ناموفق",
                "verbose_name_plural": "پیگیری\u200cهای ناموفق",
                "indexes": [
                    models.Index(fields=["ip", "created_at"], name="track_fail_ip_idx"),
                    models.Index(
                        fields=["tracking_code", "created_at"], name="track_fail_code_idx"
                    ),
                ],
            },
        ),
    ]
