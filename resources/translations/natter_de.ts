<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>TokenStore</name>
    <message>
        <location filename="../../client/app/token_store.cpp" line="27"/>
        <source>the keychain is not available: %1</source>
        <translation>der Schlüsselbund ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="53"/>
        <source>the system keychain</source>
        <translation>den Schlüsselbund des Systems</translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="95"/>
        <source>a file only you can read</source>
        <translation>eine Datei, die nur du lesen kannst</translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="116"/>
        <source>memory, for this session only</source>
        <translation>den Arbeitsspeicher, nur für diese Sitzung</translation>
    </message>
</context>
<context>
    <name>natter::app::Composer</name>
    <message>
        <location filename="../../client/app/composer.cpp" line="13"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location filename="../../client/app/composer.cpp" line="14"/>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
</context>
<context>
    <name>natter::app::ConversationStatus</name>
    <message>
        <location filename="../../client/app/conversation_status.cpp" line="10"/>
        <source>Conversation status</source>
        <translation>Status der Unterhaltung</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/conversation_status.cpp" line="46"/>
        <source>%n members</source>
        <translation>
            <numerusform>%n Mitglied</numerusform>
            <numerusform>%n Mitglieder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::app::DesktopClient</name>
    <message>
        <location filename="../../client/app/desktop_client.cpp" line="100"/>
        <source>Your session could not be stored (%1); you will have to sign in again next time, or start natter with --token-file to keep it in a file only you can read.</source>
        <translation>Deine Sitzung konnte nicht gespeichert werden (%1); du musst dich beim nächsten Mal erneut anmelden, oder starte natter mit --token-file, um sie in einer Datei zu speichern, die nur du lesen kannst.</translation>
    </message>
    <message>
        <location filename="../../client/app/desktop_client.cpp" line="123"/>
        <source>The local cache cannot be opened: %1</source>
        <translation>Der lokale Zwischenspeicher kann nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>natter::app::GroupInfoDialog</name>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="19"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="20"/>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="25"/>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="27"/>
        <source>Username to add</source>
        <translation>Hinzuzufügender Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="29"/>
        <source>Add member</source>
        <translation>Mitglied hinzufügen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="31"/>
        <source>Remove selected member</source>
        <translation>Ausgewähltes Mitglied entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="64"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="70"/>
        <source>%1 (admin)</source>
        <translation>%1 (Admin)</translation>
    </message>
</context>
<context>
    <name>natter::app::MainWindow</name>
    <message>
        <location filename="../../client/app/main_window.cpp" line="68"/>
        <source>Find a conversation</source>
        <translation>Unterhaltung suchen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="69"/>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Unterhaltungen durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="75"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="103"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="227"/>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="229"/>
        <source>&amp;New conversation…</source>
        <translation>&amp;Neue Unterhaltung…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="232"/>
        <source>&amp;Jump to conversation</source>
        <translation>Zu Unterhaltung &amp;springen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="240"/>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="242"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="245"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="246"/>
        <source>Desktop &amp;notifications</source>
        <translation>Desktop-&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="351"/>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="359"/>
        <source>Natter (%1) — %2</source>
        <translation>Natter (%1) — %2</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="360"/>
        <source>Natter — %1</source>
        <translation>Natter — %1</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="370"/>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="373"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/main_window.cpp" line="377"/>
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Neuer Verbindungsversuch in %n s</numerusform>
            <numerusform>Neuer Verbindungsversuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="381"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>natter::app::ConversationView</name>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="81"/>
        <source>Conversation title</source>
        <translation>Titel der Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="86"/>
        <source>Group info</source>
        <translation>Gruppeninfo</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="87"/>
        <source>Members…</source>
        <translation>Mitglieder…</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="90"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="99"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="101"/>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="428"/>
        <source>Message info…</source>
        <translation>Nachrichteninfo…</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="436"/>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="437"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>natter::app::MessageDelegate</name>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="45"/>
        <source>✓✓ read by %1 of %2</source>
        <translation>✓✓ gelesen von %1 von %2</translation>
    </message>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="116"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
</context>
<context>
    <name>natter::app::MessageInfoDialog</name>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="16"/>
        <source>Message info</source>
        <translation>Nachrichteninfo</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="19"/>
        <source>Who received and read the message</source>
        <translation>Wer die Nachricht erhalten und gelesen hat</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="20"/>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="20"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="29"/>
        <source>Read %1</source>
        <translation>Gelesen %1</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="31"/>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="33"/>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="35"/>
        <source>Not delivered yet</source>
        <translation>Noch nicht zugestellt</translation>
    </message>
</context>
<context>
    <name>natter::app::NewConversationDialog</name>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="23"/>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="25"/>
        <source>Conversation kind</source>
        <translation>Art der Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="27"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="29"/>
        <source>Group title</source>
        <translation>Gruppentitel</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="31"/>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="32"/>
        <source>usernames, separated by commas</source>
        <translation>Benutzernamen, durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="34"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="39"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="42"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="43"/>
        <source>&amp;Members:</source>
        <translation>&amp;Mitglieder:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="44"/>
        <source>Direct</source>
        <translation>Direkt</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="45"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="49"/>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="50"/>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="52"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>natter::app::SignInDialog</name>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="22"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="37"/>
        <source>Stay signed in</source>
        <translation>Angemeldet bleiben</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="24"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="39"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="25"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="40"/>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="28"/>
        <source>Sign in to Natter</source>
        <translation>Bei Natter anmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="33"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="34"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="35"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="36"/>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="38"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="42"/>
        <source>Only when creating an account</source>
        <translation>Nur beim Erstellen eines Kontos</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="49"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="50"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="51"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="52"/>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="102"/>
        <source>Wrong username or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="104"/>
        <source>This username is taken. Choose another one.</source>
        <translation>Dieser Benutzername ist vergeben. Bitte wähle einen anderen.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="106"/>
        <source>This server runs an incompatible version of Natter: %1</source>
        <translation>Dieser Server verwendet eine inkompatible Natter-Version: %1</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="108"/>
        <source>Cannot reach the server. Check the address and your connection.</source>
        <translation>Der Server ist nicht erreichbar. Prüfe die Adresse und deine Verbindung.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="119"/>
        <source>The server address must start with ws:// or wss://.</source>
        <translation>Die Serveradresse muss mit ws:// oder wss:// beginnen.</translation>
    </message>
</context>
<context>
    <name>natter::app::TrayNotifier</name>
    <message>
        <location filename="../../client/app/notifier.cpp" line="21"/>
        <location filename="../../client/app/notifier.cpp" line="39"/>
        <source>Natter</source>
        <translation>Natter</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/notifier.cpp" line="39"/>
        <source>Natter — %n unread</source>
        <translation>
            <numerusform>Natter — %n ungelesen</numerusform>
            <numerusform>Natter — %n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::client::ConversationListModel</name>
    <message numerus="yes">
        <location filename="../../client/core/conversation_list_model.cpp" line="101"/>
        <source>%1, %n unread</source>
        <translation>
            <numerusform>%1, %n ungelesen</numerusform>
            <numerusform>%1, %n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::client::MessageListModel</name>
    <message>
        <location filename="../../client/core/message_list_model.cpp" line="153"/>
        <source>%1 at %2: %3</source>
        <translation>%1 um %2: %3</translation>
    </message>
</context>
<context>
    <name>natter::client::PresenceBook</name>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="61"/>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="63"/>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="65"/>
        <source>last seen recently</source>
        <translation>zuletzt kürzlich online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="70"/>
        <source>last seen today at %1</source>
        <translation>zuletzt heute um %1 online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="72"/>
        <source>last seen yesterday at %1</source>
        <translation>zuletzt gestern um %1 online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="73"/>
        <source>last seen %1 at %2</source>
        <translation>zuletzt am %1 um %2 online</translation>
    </message>
</context>
<context>
    <name>natter::client::TypingTracker</name>
    <message>
        <location filename="../../client/core/typing_tracker.cpp" line="34"/>
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <location filename="../../client/core/typing_tracker.cpp" line="36"/>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben…</translation>
    </message>
    <message>
        <location filename="../../client/core/typing_tracker.cpp" line="38"/>
        <source>Several people are typing…</source>
        <translation>Mehrere Personen schreiben…</translation>
    </message>
</context>
</TS>
