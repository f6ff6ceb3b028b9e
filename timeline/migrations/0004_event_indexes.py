from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("timeline", "0003_event_fulltext")]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["date_lower", "date_upper", "id"], name="event_chronological"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["date_upper"], name="event_date_upper"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["updated_at"], name="event_updated_at"),
        ),
    ]
